/* count() over a known number of tick firings. */
int n;

tick-10ms
/n < 5/
{
	@ = count();
	n++;
}

tick-10ms
/n == 5/
{
	exit(0);
}
