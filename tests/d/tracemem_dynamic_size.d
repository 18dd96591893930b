/* tracemem()'s third argument is how many of the recorded bytes show:
   fewer when smaller, all of them when larger or (signed) negative, none
   when zero. */
#pragma D option quiet

BEGIN
{
	n = 5;
	tracemem(&`linux_banner, 32, n);
	printf("|\n");
	tracemem(&`linux_banner, 6, -1);
	printf("|\n");
	tracemem(&`linux_banner, 6, (unsigned int)100);
	printf("|\n");
	tracemem(&`linux_banner, 6, 0);
	printf("|\n");
	exit(0);
}
