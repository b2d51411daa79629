"""The report templates as data: the one home of every template fact.

Tables, rows, columns, label variants, header words, heading patterns, row groups, the legacy
figures and the arithmetic rules live in this package; the builder, validator, renderers, label
matcher and plugins read them here and repeat none of them.
"""
