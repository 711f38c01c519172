from mandate_etl.cli import app

app()
