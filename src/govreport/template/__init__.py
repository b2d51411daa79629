"""The report templates as data: the one home of every template fact.

Tables, rows, columns, label variants, header words, heading patterns, row groups, the legacy
figures and the arithmetic rules live in this package; the builder, validator, renderers, label
matcher and plugins read them here and repeat none of them.

* :mod:`.spec`: the shape of a template (ids, kinds, tables, rows, columns);
* :mod:`.national`: the 2019 and 2021 national templates' content and the words around
  their tables (headings, header rows, row groups, template hints, label variants);
* :mod:`.wording`: the words around the tables a template has unless it declares its own
  (section titles, table headings, label variants: the national ones);
* :mod:`.rules`: the arithmetic (勾稽关系) as rule families, and the engine that checks them;
* :mod:`.catalog`: the registered templates (and the years each is in force for).

Adding a template (a province's variant, a future national revision) is a data module like
:mod:`.national` registered in ``TEMPLATE_SPECS``, plus tests.
"""
