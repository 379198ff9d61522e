"""One module per vendor API: handlers over the store and the vendor's error and login shapes."""
