/* Spilling inside a loop body (the loop counter stays put) and in a
   predicate. */
BEGIN
{
	t = 0;
	for (i = 0; i < 4; i++) {
		t += (i * 1 + (i * 2 + (i * 3 + (i * 4 + (i * 5 + (i * 6 + (i * 7 + (i * 8 + (i * 9 + (i * 10 + (i * 11 + (i * 12 + (i * 13 + (i * 14 + (i * 15 + (i * 16 + (i * 17 + (i * 18 + i))))))))))))))))));
	}
	printf("%d\n", t);
}

BEGIN
/ (t * 1 + (t * 2 + (t * 3 + (t * 4 + (t * 5 + (t * 6 + (t * 7 + (t * 8 + (t * 9 + (t * 10 + (t * 11 + (t * 12 + (t * 13 + (t * 14 + (t * 15 + (t * 16 + (t * 17 + (t * 18 + t)))))))))))))))))) == 177504 /
{
	printf("predicate held\n");
	exit(0);
}
