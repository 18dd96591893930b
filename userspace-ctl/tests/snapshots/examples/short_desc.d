ksys_read:entry { trace(pid); }

fbt:::return /arg1 < 0/ { printf("%s returned %d\n", probefunc, arg1); }

END { trace(1); }
