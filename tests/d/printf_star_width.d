/* A width or precision written `*` is an argument of its own, before the
 * value; a negative width left-justifies, a negative precision is none. */
#pragma D option quiet

BEGIN
{
	w = 6;
	printf("[%*d]\n", w, 42);
	printf("[%*d]\n", -w, 42);
	printf("[%.*s]\n", 3, "hello");
	printf("[%*.*s]\n", 8, 2, "hello");
	printf("[%.*d]\n", -1, 7);
	printf("[%d %*x %s %d %d %d %d %d %d]\n", 1, 4, 255, "s", 3, 4, 5, 6, 7, 8);
	exit(0);
}
