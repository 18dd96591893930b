BEGIN { i = 0; } tick-10ms { i++; } tick-10ms /i == 5/ { printf("done %d\n", i); exit(0); }
