/* A `char *` is a string where a subroutine expects one: read from
   kernel memory, cut at strsize, as stringof() reads it. */
#pragma D option quiet
#pragma D option strsize=14

BEGIN
{
	printf("|%s|\n", basename((char *)&`linux_banner));
	printf("%d %d\n", index((char *)&`linux_banner, "version"), strlen((char *)&`linux_banner));
	printf("%s\n", substr((char *)&`linux_banner, 0, 5));
	exit(0);
}
