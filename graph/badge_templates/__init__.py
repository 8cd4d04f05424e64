"""Badge templates a university provides, and community badges issued from them on the spot."""
