"""flashnotes: spaced-repetition cards from the articles you read."""

__version__ = "0.1.0"
