(|range:1:5|count) + (|uuid|strlen)
