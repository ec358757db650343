/**
 * The search words survive switching sections: a person opens a result in Чаты and comes back
 * to the same results.
 */
export const searchQuery = $state({ text: '' });
