"""Renderings of what other stages computed: lint output, the scan summary, the team
report (text, JSON, HTML), the evidence commands' text."""
