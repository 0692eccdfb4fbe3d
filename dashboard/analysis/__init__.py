"""What the page counts and says: the selection, metrics, sentences, insights and the published
figures set beside the data. Pure; imports only dashboard.data."""
