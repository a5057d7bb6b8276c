"""HTTP API (DRF) over the floor-plan services; routes in README.md "HTTP API"."""
