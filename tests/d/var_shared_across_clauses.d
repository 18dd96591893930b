BEGIN { x = 1; }
BEGIN { x += 41; }
BEGIN { printf("%d\n", x); exit(0); }
