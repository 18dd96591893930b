/* printf with 12 arguments, each needing ten registers: the
   earlier arguments are spilled while the later ones are computed. */
BEGIN
{
	a = 1;
	printf("%d %d %d %s %d %d %d %s %d %d %d %s\n",
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 0)))))))))),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 1)))))))))),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 2)))))))))),
	    a == 3 ? "no" : strjoin("s", lltostr(a * 3)),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 4)))))))))),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 5)))))))))),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 6)))))))))),
	    a == 7 ? "no" : strjoin("s", lltostr(a * 7)),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 8)))))))))),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 9)))))))))),
	    (a * 1 + (a * 2 + (a * 3 + (a * 4 + (a * 5 + (a * 6 + (a * 7 + (a * 8 + (a * 9 + (a * 10 + 10)))))))))),
	    a == 11 ? "no" : strjoin("s", lltostr(a * 11)));
	exit(0);
}
