/* Inlines with parameters (used like associative arrays, each key bound
   to its parameter) and an inline of a struct type bound to an xlate. */
#pragma D option quiet

struct pair {
	int p_sum;
	string p_tag;
};

translator struct pair < int N > {
	p_sum = N + N;
	p_tag = "doubled";
};

inline int add[int a, int b] = a + b;
inline string greet[string who] = strjoin("hello, ", who);
inline struct pair twice = xlate < struct pair > (21);
inline int sum_of[int n] = (xlate < struct pair > (n)).p_sum;

BEGIN
{
	printf("%d %d\n", add[2, 3], add[add[1, 1], 10]);
	printf("%s\n", greet["world"]);
	printf("%d %s\n", twice.p_sum, twice.p_tag);
	printf("%d\n", sum_of[50]);
	exit(0);
}
