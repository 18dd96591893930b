#pragma D option quiet

/* exit() ends the firing: the clauses after it for the same probe do not run. */
tick-1ms
{
	i++;
}

tick-1ms
/i == 3/
{
	printf("exit at %d\n", i);
	exit(0);
}

tick-1ms
{
	@later = count();
}

END
{
	printa("later clauses ran %@d times\n", @later);
}
