"""What the build makes besides the pages: PDFs, search index, feeds,
page info."""
