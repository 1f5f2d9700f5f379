import t from 'tap'
import { redactNames, namePattern } from '../../server/lib/redact-names.ts'

t.test('a name is replaced by its pseudonym in any common spelling, as a whole word only', async (t) => {
  const terms = [{ terms: ['علی رضایی', 'Ali Rezaei'], replacement: 'W-0007' }, { terms: ['Karim'], replacement: 'V-0002' }]
  t.equal(redactNames('شاهد علی رضایی گفت که', terms), 'شاهد W-0007 گفت که')
  t.equal(redactNames('شاهد علي رضايي گفت', terms), 'شاهد W-0007 گفت', 'Arabic ي for Persian ی')
  t.equal(redactNames('شاهد علـی رضایی گفت', terms), 'شاهد W-0007 گفت', 'with tatweel')
  t.equal(redactNames('The witness ALI REZAEI said', terms), 'The witness W-0007 said', 'any case')
  t.equal(redactNames('Karimi and Karim met', terms), 'Karimi and V-0002 met', 'whole words only')
  t.equal(redactNames('nothing to hide', terms), 'nothing to hide')
})

t.test('names too short to match safely are ignored', async (t) => {
  t.equal(namePattern('A'), null)
  t.equal(redactNames('A B', [{ terms: ['A'], replacement: 'X' }]), 'A B')
})
