"""Coverage-guided fuzz targets (atheris), one per parser; see engine.py and `make fuzz`."""
