"""The write side of the statistics: what an appeal contributes, the rollups kept current in the
appeal transactions, the rebuild from the appeals, the version that changes with them, and the
selectors through which everything else reads them."""
