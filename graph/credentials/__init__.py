"""What an issued badge's verifiable credential is made of, and its status."""
