"""Sample floor-plan PDFs with exact ground truth, broken PDFs, and the extraction scorer.

Pure Python (reportlab, shapely, Pillow): no Django, so tests and benchmarks use it alone.
"""
