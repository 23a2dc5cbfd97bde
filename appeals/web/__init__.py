"""The citizen's pages: file an appeal, follow it, answer a clarification, rate, complain."""
