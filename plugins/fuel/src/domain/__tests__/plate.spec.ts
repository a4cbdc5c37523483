import { isNewEnergyPlate, normalisePlate } from '../plate';

describe('normalisePlate (车牌)', () => {
  it.each([
    ['京A12345', '京A12345'],
    [' 沪 b·c8k9z ', '沪BC8K9Z'],
    ['粤Ｂ１２３４５', '粤B12345'],
    ['苏E1234学', '苏E1234学'],
    ['粤Z1234港', '粤Z1234港'],
    ['鲁B1234挂', '鲁B1234挂'],
    // 新能源: small (D/F first) and large (D/F last).
    ['粤B·D12345', '粤BD12345'],
    ['浙AFA1234', '浙AFA1234'],
    ['川A12345D', '川A12345D'],
    ['渝B-12345f', '渝B12345F'],
  ])('accepts %s as %s', (raw, plate) => {
    expect(normalisePlate(raw)).toBe(plate);
  });

  it.each([
    ['', 'empty'],
    ['京A1234', 'too short'],
    ['京A1234567', 'too long'],
    ['XA12345', 'no province'],
    ['京112345', 'no issuing office letter'],
    ['京AI2345', 'the letter I'],
    ['京AO2345', 'the letter O'],
    ['京A12345学', 'a suffix on an eight-character plate'],
    ['粤BA12345', 'eight characters that are not new energy'],
    ['粤BD1234A', 'a small new-energy plate ending in a letter'],
    ['川A1234DD', 'a large new-energy plate with a letter among its digits'],
    ['京A·12 34', 'too short once spaces are gone'],
  ])('refuses %s (%s)', (raw) => {
    expect(normalisePlate(raw)).toBeNull();
  });

  it('tells new-energy plates apart', () => {
    expect(isNewEnergyPlate('粤BD12345')).toBe(true);
    expect(isNewEnergyPlate('京A12345')).toBe(false);
  });
});
