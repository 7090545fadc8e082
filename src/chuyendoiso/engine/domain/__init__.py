"""The domain model, one module per concept: the indicator catalogue (``catalog``), periods
(``periods``), data values (``datavalues``), administrative units before and after 1 July
2025 (``adminunits``; loaded from the ``vietnamadminunits`` package by
``adminunits_package``), figures in Vietnamese notation (``vnnumbers``) and the one error
shape (``errors``). Import the module that holds the concept.
"""
