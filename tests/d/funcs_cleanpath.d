/* cleanpath resolves //, . and .. lexically. */
#pragma D option quiet

BEGIN
{
	printf("[%s]\n", cleanpath("/usr//lib/./x/../libc.so"));
	printf("[%s]\n", cleanpath("a/b/../../.."));
	printf("[%s]\n", cleanpath("/../etc/"));
	printf("[%s]\n", cleanpath("./"));
	printf("[%s]\n", cleanpath(""));
	exit(0);
}
