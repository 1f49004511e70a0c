"""Writing the network out in other formats."""
