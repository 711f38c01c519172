from mandate_etl.cli import main

main()
