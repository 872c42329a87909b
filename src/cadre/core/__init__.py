"""Cadre's pure core: rules, planning and geography over plain data. Never imports Django or an app."""
