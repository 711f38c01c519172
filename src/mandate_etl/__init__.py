"""mandate_etl: yearly report submissions (Word, PDF) into analysis-ready Parquet."""

__version__ = "0.1.0"
