"""What the page draws and hands out: figures, slides, PNG images and PowerPoint decks. Imports
dashboard.data and dashboard.analysis."""
