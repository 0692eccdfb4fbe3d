"""Colorado Sector Partnerships Dashboard: data, metrics and figures, importable without Dash."""
