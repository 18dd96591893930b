// SPDX-License-Identifier: GPL-2.0
/* Opens or closes a profile window of tests/bench/profile/pc_counts.c. */
int main(void)
{
	__asm__ volatile("xchg %bx,%bx");
	return 0;
}
