/* Global scalar arrays: elements start at zero, constant and computed
   indexes, every element type's width, a loop filling one. */
int a[5];
char c[3];
string names[2];

BEGIN
{
	a[1] = 3;
	a[4] = a[1] * 2;
	i = 4;
	printf("%d %d %d\n", a[0], a[1], a[i]);
	c[2] = 300;
	printf("%d\n", c[2]);
	names[0] = "zero";
	names[1] = strjoin(names[0], "+one");
	printf("%s %s\n", names[0], names[1]);
	for (j = 0; j < 5; j++) {
		a[j] = j * j;
	}
	printf("%d %d %d %d %d\n", a[0], a[1], a[2], a[3], a[4]);
	exit(0);
}
