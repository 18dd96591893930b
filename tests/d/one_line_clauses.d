BEGIN { printf("a"); } BEGIN { printf("b\n"); exit(0); }
