/* C's integer type words in any order and with the optional int. */
unsigned short int a;
long unsigned int b;
short signed c;

BEGIN
{
	a = 70000;
	b = -1;
	c = 40000;
	printf("%d %u %d\n", a, b, c + 0);
	printf("%d %d %d\n", sizeof (long long unsigned int), sizeof (char unsigned),
	    sizeof (signed long int));
	exit(0);
}
