"""The continued-listing watch: rules decided over the days of a listed product's history.

``clock`` compiles a rule's ``observed_on`` and ``clock`` (which days a rule is decided on, and what
a run of failing days leads to); ``evaluate`` decides such a rule on one date; ``timeline`` over a
period. The operations the rules use (series, rolling correlation, calendar offsets) are general
ones of the rule vocabulary (``etf_listing.vocabulary.series``).
"""
