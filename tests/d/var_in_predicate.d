BEGIN { go = 1; }
BEGIN /go/ { printf("yes\n"); }
BEGIN /!go/ { printf("no\n"); }
BEGIN { exit(0); }
