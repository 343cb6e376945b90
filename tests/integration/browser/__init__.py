"""The viewer's pages in a real Chromium against the real app on a loopback port."""
