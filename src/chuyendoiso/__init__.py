"""chuyendoiso: provincial digital-transformation monitoring and reporting."""

__version__ = "0.1.0"
