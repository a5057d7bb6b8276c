"""HTTP API (DRF) over the floor-plan services; see DESIGN.md "HTTP API"."""
