"""Core logic of chuyendoiso: plain Python, no Django import (a test enforces it)."""
