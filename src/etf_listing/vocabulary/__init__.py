"""The rule vocabulary: typed operations that rulebooks (YAML) are written in, compiled once.

Layout::

    types.py        what an expression yields: a number with its unit, text, a choice, a flag, a
                    date, a collection of records; read from the data model's type hints
    tree.py         the compiled node (Expr), the options and signature every operation declares,
                    and the registry (OPERATIONS)
    compiler.py     rulebook expressions -> checked, typed nodes; mistakes with their positions
    runtime.py      evaluation: the context, missing values and why, caches
    numbers.py      exact numbers and ratios        window.py   the calendar of windows
    rankings.py     ranking algorithms: shared ranks, staged filters, capped weights (the screen's)
    population.py   rules evaluated for each member of a population (an index methodology's
                    companies): its context, ranks among the members still in, the trace
    operations/     the operations, one module per family:
        reading.py      get, param, ref
        collections.py  count, not_empty, sum, max, min, filter, member_of, group
        arithmetic.py   ratio, share
        figures.py      add, mean, multiply (a few figures of one item)
        dates.py        months_before
        rankings.py     top, top_cumulative_share
        windows.py      window_mean, value_on_as_of, window_active_share (daily series)
        logic.py        all, any, not, given, first_given, choose
        comparisons.py  >=, >, <=, <, ==, !=, in, not_in, between
    reference.py    the README's vocabulary reference and the rulebook JSON Schema's expression
                    part, written from the declarations

How to add an operation
-----------------------

1. Put it in the module of its family under ``operations/`` (or a new module there, imported in
   ``operations/__init__.py``). Name it after what it computes; no field of one exchange's data
   in Python: what it reads is an option (a series name, an expression).
2. Declare it with ``@operation(name, family=..., main=..., result=..., **options)``:

   - ``main``: the option under the operation's own key, and each other option, made with
     ``value(TYPE, doc)`` (``fixed=True``: not per item; ``whole=True``: a whole number),
     ``items(doc)`` (a collection), ``per_item(TYPE, doc, over=OPTION)`` (evaluated for each item
     of that collection, where ``item`` is its element), ``name(doc, choices=...)``,
     ``values(TYPE, doc, least=, most=)``, ``cases(doc)``, ``expression(doc)``;
   - ``result``: the value's type (``types``), or a function of the compiled options' types;
   - ``item=Record`` when it reads the item it is evaluated for, ``reads=("index", "as_of")``
     for inputs it reads itself, ``memo=True`` for an aggregate worth computing once,
     ``path=``: the option whose input field locates findings (None for none).

   The compiler checks every option's presence and type; what the node reads (parameters,
   product or index, the item) follows from its options.
3. The decorated function receives the compiler and the compiled options (``args["of"]`` is an
   ``Expr`` with ``.fn(context, item)`` and ``.type``) and returns the evaluation function
   ``fn(context, item)``. A value the input lacks raises ``runtime.Missing`` with reasons in
   English and Korean; a rulebook mistake found while building raises ``c.error(where, ...)``.
4. Its docstring is its documentation: a first paragraph saying what it computes, and one
   ``Example:`` line or more in rulebook YAML. Then regenerate the reference (``python -m
   etf_listing.vocabulary.reference --write``): the README section and
   ``schemas/rulebook.schema.json`` (and the packaged copy); a test keeps them current.
5. Test it on its own in ``tests/vocabulary/`` (what it computes, a missing input, its type
   errors), and add a refused misuse to ``tests/bad-rulebooks/``.

Nothing is imported here, so that a module needing only exact numbers (a reporter) does not load
the compiler: import from the modules (``etf_listing.vocabulary.compiler``, ``.runtime``...);
``etf_listing.vocabulary.operations`` registers every operation.
"""
