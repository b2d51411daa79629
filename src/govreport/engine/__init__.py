"""The table engine, cut along its seams.

* :mod:`.rows`: a grid row's cells told apart as labels and values;
* :mod:`.placement`: value cells placed on template columns by geometry or by their order;
* :mod:`.tables`: a template's tables read from grids, row by row, ambiguity settled by the
  template's arithmetic;
* :mod:`.assemble`: a plugin's Document assembled into a Report;
* :mod:`.memo`: the bounded memo the engine keeps what it learns in.

Everything the engine knows about the templates is data in :mod:`govreport.template`.
"""
