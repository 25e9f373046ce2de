"""zhipu-ipo: exact IPO arithmetic (proceeds, market cap, subscription, greenshoe)."""

__version__ = "0.1.0"
