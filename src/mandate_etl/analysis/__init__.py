"""For analysts: typed tables, DuckDB views, the HTML report, year-over-year diff, data package."""
