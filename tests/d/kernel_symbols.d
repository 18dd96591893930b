/* `name and module`name are kernel symbols: their addresses come from
 * the running kernel, read through typed pointers. */
#pragma D option quiet

BEGIN
{
	p = (unsigned long *)&`max_pfn;
	printf("%d %d\n", *p > 0, &`max_pfn == &vmlinux`max_pfn);
	printf("%.5s\n", stringof((char *)&`linux_banner));
	exit(0);
}
