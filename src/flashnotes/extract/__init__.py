"""Reading articles and finding cards in them: the extraction job."""
