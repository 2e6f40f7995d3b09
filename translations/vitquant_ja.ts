<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AnalysisController</name>
    <message>
        <source>modcap at W2A4 with 2 000 steps per unit (the default is 20 000) is set up: press Run. It reconstructs twice (plain BRECQ, then merged units).</source>
        <translation>W2A4 の modcap をユニットあたり 2,000 ステップ（既定値は 20,000）で設定しました。「実行」を押してください。再構成は 2 回行われます（まず通常の BRECQ、次に統合したユニット）。</translation>
    </message>
    <message>
        <source>Q-ViT at W4A4 is set up: press Run. For the comparison, run it again with the option irm off, then analyse one run and compare it with the other.</source>
        <translation>W4A4 の Q-ViT を設定しました。「実行」を押してください。比較するには、オプション irm を off にしてもう一度実行し、一方の実行を解析してもう一方と比較してください。</translation>
    </message>
    <message>
        <source>quantizer fit of %1</source>
        <translation>%1 の量子化器フィット</translation>
    </message>
    <message>
        <source>2-D loss landscape</source>
        <translation>2 次元の損失ランドスケープ</translation>
    </message>
    <message>
        <source>loss landscape</source>
        <translation>損失ランドスケープ</translation>
    </message>
    <message>
        <source>attention entropy of run %1</source>
        <translation>実行 %1 のアテンションエントロピー</translation>
    </message>
</context>
<context>
    <name>ChannelRangePlot</name>
    <message>
        <source>channel</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>range (min … max)</source>
        <translation>範囲 (最小 … 最大)</translation>
    </message>
    <message>
        <source>%1 — per-channel ranges</source>
        <translation>%1 — チャネルごとの範囲</translation>
    </message>
    <message>
        <source>%1 — no per-channel ranges</source>
        <translation>%1 — チャネルごとの範囲なし</translation>
    </message>
</context>
<context>
    <name>EnginePhase</name>
    <message>
        <source>calibrating: statistics</source>
        <translation>キャリブレーション: 統計量</translation>
    </message>
    <message>
        <source>calibrating: ranges</source>
        <translation>キャリブレーション: 範囲</translation>
    </message>
    <message>
        <source>calibrating integer steps</source>
        <translation>整数ステップ幅をキャリブレーション中</translation>
    </message>
    <message>
        <source>calibrated</source>
        <translation>キャリブレーション完了</translation>
    </message>
    <message>
        <source>reconstructing</source>
        <translation>再構成中</translation>
    </message>
    <message>
        <source>reconstruction done</source>
        <translation>再構成完了</translation>
    </message>
    <message>
        <source>QAT epoch</source>
        <translation>QAT エポック</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>evaluating</source>
        <translation>評価中</translation>
    </message>
    <message>
        <source>comparing engines</source>
        <translation>エンジンを比較中</translation>
    </message>
    <message>
        <source>predicting</source>
        <translation>予測中</translation>
    </message>
    <message>
        <source>collecting values</source>
        <translation>値を収集中</translation>
    </message>
    <message>
        <source>sweeping</source>
        <translation>スイープ中</translation>
    </message>
    <message>
        <source>site</source>
        <translation>量子化箇所</translation>
    </message>
    <message>
        <source>gradients</source>
        <translation>勾配</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>読み込み中</translation>
    </message>
    <message>
        <source>loading its model</source>
        <translation>モデルを読み込み中</translation>
    </message>
    <message>
        <source>float model</source>
        <translation>浮動小数点モデル</translation>
    </message>
    <message>
        <source>run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>attention maps</source>
        <translation>アテンションマップ</translation>
    </message>
</context>
<context>
    <name>EntropyView</name>
    <message>
        <source>&lt;p&gt;At 2–4 bits the queries and keys of self-attention are squeezed onto a few levels. The entropy of their codes (in bits, at most the bit width) says how many levels are really in use: low entropy means most values share a few codes and the attention they produce loses detail.&lt;/p&gt;&lt;p&gt;Q-ViT&apos;s &lt;b&gt;information rectification module&lt;/b&gt; (IRM) normalises queries and keys before their quantizers with a learnt scale and shift, which spreads the codes and raises their entropy. Its &lt;b&gt;distribution-guided distillation&lt;/b&gt; pulls the student&apos;s query and key similarity patterns towards the float model&apos;s.&lt;/p&gt;&lt;p&gt;The paper shows the baseline&apos;s quantized codes lose entropy against the float model and IRM wins it back. To see that here, compare a Q-ViT run with one trained with &lt;tt&gt;irm=off&lt;/tt&gt;. On the right, each head&apos;s attention from the class token to the image patches, averaged or per head, under the float model and under the run.&lt;/p&gt;</source>
        <translation>&lt;p&gt;2～4 ビットでは、セルフアテンションのクエリとキーはごく少数のレベルに押し込められます。それらのコードのエントロピー（単位はビットで、最大でもビット幅）は、実際に使われているレベルの数を表します。エントロピーが低いということは、大半の値が少数のコードを共有し、そこから得られるアテンションが細部を失っていることを意味します。&lt;/p&gt;&lt;p&gt;Q-ViT の&lt;b&gt;情報修正モジュール&lt;/b&gt;（information rectification module, IRM）は、学習したスケールとシフトでクエリとキーを量子化器の手前で正規化し、コードを広げてエントロピーを高めます。また、&lt;b&gt;分布誘導蒸留&lt;/b&gt;（distribution-guided distillation）は、生徒モデルのクエリとキーの類似度パターンを浮動小数点モデルのものに近づけます。&lt;/p&gt;&lt;p&gt;論文では、ベースラインの量子化コードは浮動小数点モデルに比べてエントロピーを失い、IRM がそれを取り戻すことが示されています。ここでこれを確かめるには、Q-ViT の実行と &lt;tt&gt;irm=off&lt;/tt&gt; で学習した実行を比較してください。右側には、クラストークンから画像パッチへの各ヘッドのアテンションを、ヘッドの平均またはヘッドごとに、浮動小数点モデルと実行結果のそれぞれについて表示します。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Set up the example: Q-ViT at W4A4</source>
        <translation>例を設定: W4A4 の Q-ViT</translation>
    </message>
    <message>
        <source> images</source>
        <translation> 枚</translation>
    </message>
    <message>
        <source>test image #</source>
        <translation>テスト画像 #</translation>
    </message>
    <message>
        <source>Image File…</source>
        <translation>画像ファイル…</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation>解析</translation>
    </message>
    <message>
        <source>Measures the float model and the current run (and the run to compare with) as a job</source>
        <translation>浮動小数点モデルと現在の実行（および比較対象の実行）をジョブとして測定します</translation>
    </message>
    <message>
        <source>Measure on</source>
        <translation>測定に使う画像:</translation>
    </message>
    <message>
        <source>Maps of</source>
        <translation>マップの画像:</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>比較対象:</translation>
    </message>
    <message>
        <source>Run a quantization, then press Analyse.</source>
        <translation>量子化を実行してから「解析」を押してください。</translation>
    </message>
    <message>
        <source>query codes</source>
        <translation>クエリコード</translation>
    </message>
    <message>
        <source>key codes</source>
        <translation>キーコード</translation>
    </message>
    <message>
        <source>attention rows</source>
        <translation>アテンションの行</translation>
    </message>
    <message>
        <source>Entropy of</source>
        <translation>エントロピー:</translation>
    </message>
    <message>
        <source>for</source>
        <translation>対象:</translation>
    </message>
    <message>
        <source>head</source>
        <translation>ヘッド</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>entropy (bits)</source>
        <translation>エントロピー (ビット)</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>層:</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮動小数点</translation>
    </message>
    <message>
        <source>quantized</source>
        <translation>量子化後</translation>
    </message>
    <message>
        <source>Colour: share of the class token&apos;s attention, from none (grey image) to the map&apos;s maximum (white-hot).</source>
        <translation>色: クラストークンのアテンションの割合。0（グレーの画像）からマップの最大値（白熱色）まで。</translation>
    </message>
    <message>
        <source>Image for the attention maps</source>
        <translation>アテンションマップ用の画像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.pgm *.ppm *.tif *.tiff *.webp)</source>
        <translation>画像ファイル (*.png *.jpg *.jpeg *.bmp *.pgm *.ppm *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>the float model</source>
        <translation>浮動小数点モデル</translation>
    </message>
    <message>
        <source>%1 − float</source>
        <translation>%1 − 浮動小数点</translation>
    </message>
    <message>
        <source>%1 − %2</source>
        <translation>%1 − %2</translation>
    </message>
    <message>
        <source>q %1, k %2 (of %3 bits), attention %4</source>
        <translation>q %1、k %2（%3 ビット中）、アテンション %4</translation>
    </message>
    <message>
        <source>Mean entropy on %1 images — float (through a per-head min-max quantizer): %2; %3: %4</source>
        <translation>%1 枚の画像での平均エントロピー — 浮動小数点（ヘッドごとの min-max 量子化器を通したもの）: %2; %3: %4</translation>
    </message>
    <message>
        <source>; %1: %2</source>
        <translation>; %1: %2</translation>
    </message>
    <message>
        <source>mean of the heads</source>
        <translation>ヘッドの平均</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>ヘッド %1</translation>
    </message>
    <message>
        <source>float — %1</source>
        <translation>浮動小数点 — %1</translation>
    </message>
    <message>
        <source>entropy difference (bits)</source>
        <translation>エントロピー差 (ビット)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>no map</source>
        <translation>マップなし</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>&amp;Export Chart…</source>
        <translation>グラフをエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export Re&amp;port…</source>
        <translation>レポートをエクスポート(&amp;P)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>レポートをエクスポート</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;HTML page (*.html)</source>
        <translation>PDF 文書 (*.pdf);;HTML ページ (*.html)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
    <message>
        <source>Export ONNX</source>
        <translation>ONNX に書き出す</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX モデル (*.onnx)</translation>
    </message>
    <message>
        <source>Export &amp;ONNX…</source>
        <translation>ONNX に書き出す(&amp;O)…</translation>
    </message>
    <message>
        <source>Export ONNX with &amp;Float Sites…</source>
        <translation>浮動小数点のサイトを含めて ONNX に書き出す(&amp;F)…</translation>
    </message>
    <message>
        <source>This tab has no chart</source>
        <translation>このタブにはグラフがありません</translation>
    </message>
    <message>
        <source>%1: there is no run to report</source>
        <translation>%1: レポートする実行がありません</translation>
    </message>
    <message>
        <source>ViTQuant Studio %1 · LibTorch %2 · Qt %3</source>
        <translation>ViTQuant Studio %1 · LibTorch %2 · Qt %3</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>レポートを %1 に書き出しました</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>export ONNX</source>
        <translation>ONNX 書き出し</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1: %n QDQ sites</source>
        <translation>
            <numerusform>%1 を書き出しました: QDQ サイト %n 個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n left in float</source>
        <translation>
            <numerusform>、%n 個は浮動小数点のまま</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GuidePanel</name>
    <message>
        <source>What am I looking at?</source>
        <translation>この画面の見方</translation>
    </message>
</context>
<context>
    <name>HistogramPlot</name>
    <message>
        <source>float values</source>
        <translation>浮動小数点の値</translation>
    </message>
    <message>
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>count</source>
        <translation>度数</translation>
    </message>
    <message>
        <source>  (levels of channel %1)</source>
        <translation>  (チャネル %1 のレベル)</translation>
    </message>
</context>
<context>
    <name>HistogramsView</name>
    <message>
        <source>Site</source>
        <translation>量子化箇所</translation>
    </message>
    <message>
        <source>Quantizer</source>
        <translation>量子化器</translation>
    </message>
    <message>
        <source>Logarithmic counts</source>
        <translation>度数を対数表示</translation>
    </message>
    <message>
        <source>Show rare values (outliers, the tail of post-Softmax values) next to the bulk</source>
        <translation>まれな値（外れ値や Softmax 後の値の裾）も、大部分の値と並べて表示します</translation>
    </message>
    <message>
        <source>Run a quantization to see its sites.</source>
        <translation>量子化を実行すると、その量子化箇所が表示されます。</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮動小数点</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2): min %3, max %4, %5 values sampled</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2): 最小 %3、最大 %4、サンプル数 %5</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1: %2 levels, keeps [%3, %4], clips %5 % of the sample</source>
        <translation>&lt;br&gt;%1: %2 レベル、[%3, %4] の範囲を保持、サンプルの %5 % をクリップ</translation>
    </message>
    <message>
        <source>&lt;br&gt;This site stays float.</source>
        <translation>&lt;br&gt;この箇所は浮動小数点のままです。</translation>
    </message>
</context>
<context>
    <name>InferenceView</name>
    <message>
        <source>Open images…</source>
        <translation>画像を開く…</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>フォルダを開く…</translation>
    </message>
    <message>
        <source>Every image in a folder; with one sub-folder per class the labels are known</source>
        <translation>フォルダ内のすべての画像。クラスごとのサブフォルダがあればラベルも分かります</translation>
    </message>
    <message>
        <source>Test-set samples</source>
        <translation>テストセットのサンプル</translation>
    </message>
    <message>
        <source>Random items of the evaluation data set, with their labels</source>
        <translation>評価データセットからランダムに選んだ項目（ラベル付き）</translation>
    </message>
    <message>
        <source>Drop images here, open some, or pick test-set samples. A quantization run is needed to compare.</source>
        <translation>ここに画像をドロップするか、画像を開くか、テストセットのサンプルを選んでください。比較には量子化の実行が必要です。</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>確率</translation>
    </message>
    <message>
        <source>Images to classify</source>
        <translation>分類する画像</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm)</source>
        <translation>画像ファイル (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm)</translation>
    </message>
    <message>
        <source>A folder of images</source>
        <translation>画像フォルダ</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>True label</source>
        <translation>正解ラベル</translation>
    </message>
    <message>
        <source>%1 top-1</source>
        <translation>%1 top-1</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s); top-1 agreement %1 %</source>
        <translation>
            <numerusform>%n 枚の画像、top-1 の一致率 %1 %</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 ms/image</source>
        <translation>%1: %2 ms/画像</translation>
    </message>
    <message>
        <source>, %1 % right</source>
        <translation>、正解率 %1 %</translation>
    </message>
    <message>
        <source>only %1 right: %2, only %3 right: %4</source>
        <translation>%1 のみ正解: %2、%3 のみ正解: %4</translation>
    </message>
    <message>
        <source> — true: %1</source>
        <translation> — 正解: %1</translation>
    </message>
</context>
<context>
    <name>JobBar</name>
    <message>
        <source>Idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stop the running job (Esc); nothing of it is kept</source>
        <translation>実行中のジョブを停止します (Esc)。途中までの結果は何も残りません</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>キャンセル中…</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>経過 %1</translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation>、残り約 %1</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>&lt;p&gt;After LayerNorm, a ViT&apos;s activations differ by orders of magnitude from channel to channel. One step for the whole layer (&lt;i&gt;layer-wise&lt;/i&gt;) must round the narrow channels coarsely; one step per channel (&lt;i&gt;channel-wise&lt;/i&gt;) fits each.&lt;/p&gt;&lt;p&gt;Each curve is the task loss (cross-entropy on labelled images) while only this block&apos;s post-LayerNorm quantizers are on and their steps are scaled by (1 + α·d) along a random direction d. The heat map does the same along two directions. The dot is the calibrated point (α = β = 0); the dashed line is the float model&apos;s loss.&lt;/p&gt;&lt;p&gt;I&amp;amp;S-ViT finds the channel-wise landscape lower and smoother, the layer-wise one rugged and high. Its smooth optimisation (SOS) therefore learns channel-wise first and only then folds the steps into one per layer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;LayerNorm の後では、ViT の活性化はチャネルによって桁違いに異なります。層全体で 1 つのステップ幅を使う（&lt;i&gt;層単位&lt;/i&gt;）と狭いチャネルを粗く丸めざるを得ませんが、チャネルごとに 1 つのステップ幅を使う（&lt;i&gt;チャネル単位&lt;/i&gt;）と各チャネルに合わせられます。&lt;/p&gt;&lt;p&gt;各曲線はタスク損失（ラベル付き画像での交差エントロピー）で、このブロックの LayerNorm 後の量子化器だけを有効にし、そのステップ幅をランダムな方向 d に沿って (1 + α·d) 倍したときの値です。ヒートマップは同じことを 2 つの方向について行います。点はキャリブレーション点（α = β = 0）、破線は浮動小数点モデルの損失です。&lt;/p&gt;&lt;p&gt;I&amp;amp;S-ViT の論文によると、チャネル単位のランドスケープは低く滑らかで、層単位のランドスケープは起伏が多く高い位置にあります。そのため、この手法の滑らかな最適化（SOS）はまずチャネル単位で学習し、その後でステップ幅を層ごとに 1 つへまとめます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run the example: first block, 3 bits, 1-D</source>
        <translation>例を実行: 最初のブロック、3 ビット、1 次元</translation>
    </message>
    <message>
        <source> bits</source>
        <translation> ビット</translation>
    </message>
    <message>
        <source>1-D: layer-wise vs channel-wise</source>
        <translation>1 次元: 層単位 vs チャネル単位</translation>
    </message>
    <message>
        <source>2-D: layer-wise</source>
        <translation>2 次元: 層単位</translation>
    </message>
    <message>
        <source>2-D: channel-wise</source>
        <translation>2 次元: チャネル単位</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>スイープ</translation>
    </message>
    <message>
        <source>Runs as a job: the job bar shows its progress and can cancel it</source>
        <translation>ジョブとして実行します。ジョブバーに進捗が表示され、キャンセルもできます</translation>
    </message>
    <message>
        <source>Block:</source>
        <translation>ブロック:</translation>
    </message>
    <message>
        <source>Choose a block and press Sweep.</source>
        <translation>ブロックを選んで「スイープ」を押してください。</translation>
    </message>
    <message>
        <source>α: relative change of the steps along a random direction</source>
        <translation>α: ランダムな方向に沿ったステップ幅の相対変化</translation>
    </message>
    <message>
        <source>task loss (cross-entropy, nats)</source>
        <translation>タスク損失 (交差エントロピー, nats)</translation>
    </message>
    <message>
        <source>layer-wise steps</source>
        <translation>層単位のステップ幅</translation>
    </message>
    <message>
        <source>channel-wise steps</source>
        <translation>チャネル単位のステップ幅</translation>
    </message>
    <message>
        <source>float model</source>
        <translation>浮動小数点モデル</translation>
    </message>
    <message>
        <source>calibrated point</source>
        <translation>キャリブレーション点</translation>
    </message>
    <message>
        <source>α (direction 1)</source>
        <translation>α (方向 1)</translation>
    </message>
    <message>
        <source>β (direction 2)</source>
        <translation>β (方向 2)</translation>
    </message>
    <message>
        <source>task loss (nats)</source>
        <translation>タスク損失 (nats)</translation>
    </message>
    <message>
        <source>This model has no transformer block with a LayerNorm → Linear pair.</source>
        <translation>このモデルには、LayerNorm → Linear の組を持つ Transformer ブロックがありません。</translation>
    </message>
    <message>
        <source>%1: post-LayerNorm inputs quantized</source>
        <translation>%1: LayerNorm 後の入力を量子化</translation>
    </message>
    <message>
        <source>%1, %2 steps</source>
        <translation>%1、%2のステップ幅</translation>
    </message>
    <message>
        <source>channel-wise</source>
        <translation>チャネル単位</translation>
    </message>
    <message>
        <source>layer-wise</source>
        <translation>層単位</translation>
    </message>
    <message>
        <source>calibrated loss %1, highest %2</source>
        <translation>キャリブレーション点の損失 %1、最大 %2</translation>
    </message>
    <message>
        <source>%1 — float loss %2</source>
        <translation>%1 — 浮動小数点の損失 %2</translation>
    </message>
    <message>
        <source>layer-wise: %1</source>
        <translation>層単位: %1</translation>
    </message>
    <message>
        <source>channel-wise: %1</source>
        <translation>チャネル単位: %1</translation>
    </message>
    <message>
        <source>2-D (%1): %2</source>
        <translation>2 次元 (%1): %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>done in %1 s</source>
        <translation>%1 秒で完了</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>キャンセルされました</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>ViTQuant Studio</source>
        <translation>ViTQuant Studio</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>ヒストグラム</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>感度</translation>
    </message>
    <message>
        <source>Inference</source>
        <translation>推論</translation>
    </message>
    <message>
        <source>Setup</source>
        <translation>実行設定</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>モデルフォルダを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Recent &amp;Models</source>
        <translation>最近使ったモデル(&amp;M)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>Open &amp;Run…</source>
        <translation>実行を開く(&amp;R)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open a saved run</source>
        <translation>保存された実行を開く</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>環境設定(&amp;F)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>The new language applies when the studio starts again</source>
        <translation>新しい言語はスタジオの次回起動時に適用されます</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quantize and Evaluate</source>
        <translation>量子化して評価(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Analyse &amp;Sensitivity</source>
        <translation>感度を解析(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>キャンセル(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Guided Mode</source>
        <translation>ガイドモード(&amp;G)</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Explain each method view and offer its paper&apos;s example</source>
        <translation>各手法のビューを解説し、その論文の例を提示します</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ViTQuant Studio</source>
        <translation>ViTQuant Studio について(&amp;A)</translation>
    </message>
    <message>
        <source>About ViTQuant Studio</source>
        <translation>ViTQuant Studio について</translation>
    </message>
    <message>
        <source>&lt;b&gt;ViTQuant Studio %1&lt;/b&gt;&lt;p&gt;A workbench for quantizing Vision Transformers: see why a quantized ViT loses accuracy and which method wins back how much.&lt;/p&gt;&lt;p&gt;Engine %1 · LibTorch %2 · Qt %3 · %4 LibTorch threads&lt;/p&gt;&lt;p&gt;Model: %5&lt;/p&gt;</source>
        <translation>&lt;b&gt;ViTQuant Studio %1&lt;/b&gt;&lt;p&gt;Vision Transformer を量子化するためのワークベンチです。量子化した ViT がなぜ精度を失うのか、どの手法がそれをどれだけ取り戻すのかを確かめられます。&lt;/p&gt;&lt;p&gt;エンジン %1 · LibTorch %2 · Qt %3 · LibTorch スレッド数 %4&lt;/p&gt;&lt;p&gt;モデル: %5&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Open a timm model folder</source>
        <translation>timm のモデルフォルダを開く</translation>
    </message>
    <message>
        <source>A job is running; load the model when it has ended</source>
        <translation>ジョブの実行中です。終了してからモデルを読み込んでください</translation>
    </message>
    <message>
        <source>Loading %1 …</source>
        <translation>%1 を読み込み中…</translation>
    </message>
    <message>
        <source>Could not load the model</source>
        <translation>モデルを読み込めませんでした</translation>
    </message>
    <message>
        <source>ViTQuant Studio — %1</source>
        <translation>ViTQuant Studio — %1</translation>
    </message>
    <message>
        <source>Loaded %1: %2 parameters</source>
        <translation>%1 を読み込みました: パラメータ数 %2</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 を読み込みました</translation>
    </message>
    <message>
        <source>Cancelling %1 …</source>
        <translation>%1 をキャンセル中…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>%1 is still running. Cancel it and quit?</source>
        <translation>%1 はまだ実行中です。キャンセルして終了しますか？</translation>
    </message>
    <message>
        <source>Quantizer Fit</source>
        <translation>量子化器フィット</translation>
    </message>
    <message>
        <source>Loss Landscape</source>
        <translation>損失ランドスケープ</translation>
    </message>
    <message>
        <source>Oscillation</source>
        <translation>振動</translation>
    </message>
    <message>
        <source>Attention Entropy</source>
        <translation>アテンションエントロピー</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>スイープ</translation>
    </message>
</context>
<context>
    <name>MethodOptionsPanel</name>
    <message>
        <source>default: %1</source>
        <translation>既定値: %1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(空)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
</context>
<context>
    <name>ModelStructureView</name>
    <message>
        <source>No model loaded.</source>
        <translation>モデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>Module / site</source>
        <translation>モジュール / 量子化箇所</translation>
    </message>
    <message>
        <source>Parameters / kind</source>
        <translation>パラメータ数 / 種類</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 (%3), %4 parameters, %5 classes, input %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 (%3)、パラメータ数 %4、クラス数 %5、入力 %6</translation>
    </message>
    <message>
        <source>quantizable site</source>
        <translation>量子化可能な箇所</translation>
    </message>
</context>
<context>
    <name>OscillationView</name>
    <message>
        <source>&lt;p&gt;Block reconstruction (BRECQ) fits the quantized model one unit at a time, in order. Plotted along depth, the reconstruction loss of the units often zig-zags instead of growing smoothly: it &lt;i&gt;oscillates&lt;/i&gt;.&lt;/p&gt;&lt;p&gt;The oscillation-aware method (MRECG) traces this to differences in &lt;b&gt;capacity&lt;/b&gt; between neighbouring units — how much a unit can express at the chosen bits. The bars show each unit&apos;s capacity; the thin bars between them, the &lt;b&gt;differentials&lt;/b&gt; between neighbours. The top-k largest (highlighted) are reconstructed together as one unit.&lt;/p&gt;&lt;p&gt;The paper reports that merging lowers the oscillation (the index in the legend, the summed size of the turns of the loss) and raises accuracy at 2–4 bits, most on small models. The bottom chart shows how one unit&apos;s loss falls during its reconstruction under both plans.&lt;/p&gt;</source>
        <translation>&lt;p&gt;ブロック再構成（BRECQ）は、量子化モデルを 1 ユニットずつ順番にフィットさせます。深さ方向にプロットすると、ユニットの再構成損失は滑らかに増えていかず、ジグザグになることがよくあります。つまり&lt;i&gt;振動&lt;/i&gt;します。&lt;/p&gt;&lt;p&gt;振動を考慮した手法（MRECG）は、この原因を隣り合うユニット間の&lt;b&gt;容量&lt;/b&gt;の違い、すなわち選んだビット数でユニットがどれだけ表現できるかの違いに求めます。太い棒は各ユニットの容量を、その間の細い棒は隣接ユニット間の&lt;b&gt;差分&lt;/b&gt;を示します。差分が大きい上位 k 個（強調表示）では、隣り合うユニットをまとめて 1 つのユニットとして再構成します。&lt;/p&gt;&lt;p&gt;論文では、この統合によって振動（凡例の指標で、損失の折り返しの大きさの合計）が小さくなり、2～4 ビットで精度が向上し、その効果は小さなモデルほど大きいと報告されています。下のグラフは、1 つのユニットの損失が再構成中にどのように下がるかを両方の方式について示します。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Set up the example: modcap at W2A4</source>
        <translation>例を設定: W2A4 の modcap</translation>
    </message>
    <message>
        <source>reconstruction unit</source>
        <translation>再構成ユニット</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>differential to the next unit</source>
        <translation>次のユニットとの差分</translation>
    </message>
    <message>
        <source>differential</source>
        <translation>差分</translation>
    </message>
    <message>
        <source>differential, merged (top-k)</source>
        <translation>差分 (統合, 上位 k)</translation>
    </message>
    <message>
        <source>relative output loss after reconstruction</source>
        <translation>再構成後の相対出力損失</translation>
    </message>
    <message>
        <source>brecq</source>
        <translation>brecq</translation>
    </message>
    <message>
        <source>modcap</source>
        <translation>modcap</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>ユニット:</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>反復</translation>
    </message>
    <message>
        <source>reconstruction loss (log scale)</source>
        <translation>再構成損失 (対数スケール)</translation>
    </message>
    <message>
        <source>Run the &lt;b&gt;modcap&lt;/b&gt; method (or open a modcap run) to see its capacities, merges and loss along depth.</source>
        <translation>&lt;b&gt;modcap&lt;/b&gt; 手法を実行する（または modcap の実行を開く）と、深さ方向の容量、統合、損失が表示されます。</translation>
    </message>
    <message>
        <source>This run used &lt;b&gt;%1&lt;/b&gt;. Run &lt;b&gt;modcap&lt;/b&gt; (or open a modcap run) to see capacities, merges and the loss along depth.</source>
        <translation>この実行では &lt;b&gt;%1&lt;/b&gt; が使われています。&lt;b&gt;modcap&lt;/b&gt; を実行する（または modcap の実行を開く）と、深さ方向の容量、統合、損失が表示されます。</translation>
    </message>
    <message>
        <source>brecq (oscillation index %1)</source>
        <translation>brecq (振動指標 %1)</translation>
    </message>
    <message>
        <source>modcap (oscillation index %1)</source>
        <translation>modcap (振動指標 %1)</translation>
    </message>
    <message>
        <source>brecq (not run: data-free capacity)</source>
        <translation>brecq (未実行: データフリーの容量)</translation>
    </message>
    <message>
        <source>modcap W%1A%2 on %3, %4 capacity: merged %5. Oscillation index along depth: brecq %6 → modcap %7. Top-1 %8 %.</source>
        <translation>modcap W%1A%2（%3）、容量 %4: 統合 %5。深さ方向の振動指標: brecq %6 → modcap %7。Top-1 %8 %。</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1: reconstructed jointly as %2 by modcap</source>
        <translation>%1: modcap では %2 としてまとめて再構成</translation>
    </message>
    <message>
        <source>%1: reconstructed alone by both</source>
        <translation>%1: どちらも単独で再構成</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>環境設定</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Folder for saved runs</source>
        <translation>実行の保存先フォルダ</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <source>A new language applies when the studio starts again.</source>
        <translation>新しい言語はスタジオの次回起動時に適用されます。</translation>
    </message>
    <message>
        <source>&amp;Runs folder:</source>
        <translation>実行の保存先(&amp;R):</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 画像 (*.png);;SVG 図 (*.svg);;PDF 文書 (*.pdf)</translation>
    </message>
    <message>
        <source>chart</source>
        <translation>グラフ</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>グラフをエクスポート</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>グラフをエクスポート…</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>ズームをリセット</translation>
    </message>
    <message>
        <source>Quantizer fit of %1 at %2 bits</source>
        <translation>%2 ビットでの %1 の量子化器フィット</translation>
    </message>
    <message>
        <source>Quantizer fit: error against bits</source>
        <translation>量子化器フィット: ビット数に対する誤差</translation>
    </message>
    <message>
        <source>Quantizer fit: values on the floor level against bits</source>
        <translation>量子化器フィット: ビット数に対する最下位レベルに落ちる値</translation>
    </message>
    <message>
        <source>Loss landscape: layer-wise vs channel-wise post-LayerNorm steps</source>
        <translation>損失ランドスケープ: LayerNorm 後のステップ幅、層単位 vs チャネル単位</translation>
    </message>
    <message>
        <source>Loss landscape in two directions</source>
        <translation>2 方向の損失ランドスケープ</translation>
    </message>
    <message>
        <source>Oscillation: capacities and neighbour differentials</source>
        <translation>振動: 容量と隣接ユニット間の差分</translation>
    </message>
    <message>
        <source>Oscillation: reconstruction loss along depth</source>
        <translation>振動: 深さ方向の再構成損失</translation>
    </message>
    <message>
        <source>Oscillation: loss against iteration of %1</source>
        <translation>振動: %1 の反復ごとの損失</translation>
    </message>
    <message>
        <source>Entropy of the quantized query codes per layer and head</source>
        <translation>層・ヘッドごとの量子化クエリコードのエントロピー</translation>
    </message>
    <message>
        <source>Query-code entropy: run minus float</source>
        <translation>クエリコードのエントロピー: 実行 − 浮動小数点</translation>
    </message>
    <message>
        <source>Class-token attention, mean of the heads, last layer</source>
        <translation>クラストークンのアテンション（ヘッドの平均、最終層）</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮動小数点</translation>
    </message>
    <message>
        <source>Sensitivity: each site quantized alone, worst first</source>
        <translation>感度: 各箇所を単独で量子化（影響の大きい順）</translation>
    </message>
    <message>
        <source>Histogram of %1</source>
        <translation>%1 のヒストグラム</translation>
    </message>
    <message>
        <source>Per-channel ranges of %1</source>
        <translation>%1 のチャネルごとの範囲</translation>
    </message>
    <message>
        <source>%1: no run to report</source>
        <translation>%1: レポートする実行がありません</translation>
    </message>
    <message>
        <source>report</source>
        <translation>レポート</translation>
    </message>
    <message>
        <source>ViTQuant Studio report</source>
        <translation>ViTQuant Studio レポート</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 項目</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: unknown %2 format &apos;%3&apos; (use .%4)</source>
        <translation>%1: 不明な%2の形式 &apos;%3&apos; です（.%4 を使用してください）</translation>
    </message>
    <message>
        <source>%1: the folder does not exist</source>
        <translation>%1: フォルダが存在しません</translation>
    </message>
    <message>
        <source>%1: could not write the %2</source>
        <translation>%1: %2を書き込めませんでした</translation>
    </message>
    <message>
        <source>%1: could not replace the file</source>
        <translation>%1: ファイルを置き換えられませんでした</translation>
    </message>
</context>
<context>
    <name>QuantizerFitView</name>
    <message>
        <source>bits</source>
        <translation>ビット数</translation>
    </message>
    <message>
        <source>&lt;p&gt;The values after Softmax are attention probabilities: most are tiny, a few are large. The top chart counts them on a &lt;i&gt;log&lt;/i&gt; axis; the markers above are the values each quantizer can represent at the chosen width.&lt;/p&gt;&lt;p&gt;A &lt;b&gt;uniform&lt;/b&gt; grid spends its levels evenly and rounds almost everything to 0. &lt;b&gt;log2&lt;/b&gt; has levels at powers of two, dense near 0, but below its smallest power every value lands on one &lt;i&gt;floor&lt;/i&gt; level. &lt;b&gt;SULQ&lt;/b&gt; (I&amp;amp;S-ViT) shifts the input before the log2 step and rounds the result uniformly, so the small values keep distinct levels.&lt;/p&gt;&lt;p&gt;The paper finds log2 leaves a large share of the values on its floor level at 3 bits while SULQ does not, and SULQ has the lower error at every width.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Softmax 後の値はアテンション確率です。ほとんどはごく小さく、大きい値はわずかです。上のグラフはそれらを&lt;i&gt;対数&lt;/i&gt;軸上で数えたもので、その上のマーカーは、選んだビット幅で各量子化器が表現できる値です。&lt;/p&gt;&lt;p&gt;&lt;b&gt;一様&lt;/b&gt;（uniform）グリッドはレベルを均等に配置するため、ほぼすべての値を 0 に丸めてしまいます。&lt;b&gt;log2&lt;/b&gt; は 2 のべき乗にレベルを持ち、0 付近で密になりますが、最小のべき乗より小さい値はすべて 1 つの&lt;i&gt;最下位&lt;/i&gt;レベルに落ちます。&lt;b&gt;SULQ&lt;/b&gt;（I&amp;amp;S-ViT）は log2 変換の前に入力をシフトし、その結果を一様に丸めるため、小さな値も別々のレベルを保てます。&lt;/p&gt;&lt;p&gt;論文によると、3 ビットでは log2 は値の大きな割合を最下位レベルに残すのに対し、SULQ ではそうならず、SULQ はどのビット幅でも誤差が小さくなります。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Run the example: 3 bits, a middle block</source>
        <translation>例を実行: 3 ビット、中間のブロック</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>フィット</translation>
    </message>
    <message>
        <source>Sample this site&apos;s values on calibration images of the float model and fit every quantizer at 2–8 bits</source>
        <translation>この箇所の値を浮動小数点モデルのキャリブレーション画像でサンプリングし、2～8 ビットのすべての量子化器をフィットさせます</translation>
    </message>
    <message>
        <source>Post-Softmax site:</source>
        <translation>Softmax 後の箇所:</translation>
    </message>
    <message>
        <source>Bits:</source>
        <translation>ビット数:</translation>
    </message>
    <message>
        <source>Choose a post-Softmax site and press Fit.</source>
        <translation>Softmax 後の箇所を選んで「フィット」を押してください。</translation>
    </message>
    <message>
        <source>post-Softmax value (log scale)</source>
        <translation>Softmax 後の値 (対数スケール)</translation>
    </message>
    <message>
        <source>values per bin</source>
        <translation>ビンごとの値の数</translation>
    </message>
    <message>
        <source>float values</source>
        <translation>浮動小数点の値</translation>
    </message>
    <message>
        <source>mean squared error (log scale)</source>
        <translation>平均二乗誤差 (対数スケール)</translation>
    </message>
    <message>
        <source>values on the floor level (%)</source>
        <translation>最下位レベルに落ちる値 (%)</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 ビット</translation>
    </message>
    <message>
        <source>%1 levels at %2 bits</source>
        <translation>%2 ビットでの %1 のレベル</translation>
    </message>
    <message>
        <source>%1: MSE %2, %3 % on the floor level</source>
        <translation>%1: MSE %2、最下位レベルに %3 %</translation>
    </message>
    <message>
        <source>%1: %2 values in [%3, %4], %5 exact zeros (off the log axis). At %6 bits — %7.</source>
        <translation>%1: [%3, %4] の範囲に %2 個の値、厳密なゼロが %5 個（対数軸の外）。%6 ビットでは — %7。</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>%1 W%2A%3 on %4</source>
        <translation>%1 W%2A%3 (%4)</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>実行 %1: %2</translation>
    </message>
    <message>
        <source>Run %1: top-1 %2 % (float %3 %) on %4 images; saved in %5</source>
        <translation>実行 %1: %4 枚の画像で top-1 %2 %（浮動小数点 %3 %）。保存先: %5</translation>
    </message>
    <message>
        <source>open run %1</source>
        <translation>実行 %1 を開く</translation>
    </message>
    <message>
        <source>Run %1 reopened from %2</source>
        <translation>実行 %1 を %2 から開き直しました</translation>
    </message>
    <message>
        <source>sensitivity of run %1</source>
        <translation>実行 %1 の感度</translation>
    </message>
    <message>
        <source>inference</source>
        <translation>推論</translation>
    </message>
</context>
<context>
    <name>RunSetupPanel</name>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>builtin:&lt;name&gt;, arch:&lt;timm name&gt;, or a timm model folder (config.json + model.safetensors)</source>
        <translation>builtin:&lt;name&gt;、arch:&lt;timm name&gt;、または timm のモデルフォルダ (config.json + model.safetensors)</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>読み込み</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>フォルダを開く…</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量子化</translation>
    </message>
    <message>
        <source>Evaluation data: fashion-mnist, idx:&lt;dir&gt; or folder:&lt;dir&gt; (one sub-folder per class). Calibration draws from its train split when it has one.</source>
        <translation>評価データ: fashion-mnist、idx:&lt;dir&gt; または folder:&lt;dir&gt;（クラスごとに 1 つのサブフォルダ）。キャリブレーション画像は、train 分割があればそこから取ります。</translation>
    </message>
    <message>
        <source>Data folder…</source>
        <translation>データフォルダ…</translation>
    </message>
    <message>
        <source>Weight bits</source>
        <translation>重みのビット数</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>活性化のビット数</translation>
    </message>
    <message>
        <source>Calibration images</source>
        <translation>キャリブレーション画像数</translation>
    </message>
    <message>
        <source>Evaluation images (0: the whole set)</source>
        <translation>評価画像数 (0: 全体)</translation>
    </message>
    <message>
        <source>Seed: the same seed gives the same run</source>
        <translation>シード: 同じシードなら同じ実行結果になります</translation>
    </message>
    <message>
        <source>Then analyse sensitivity</source>
        <translation>続けて感度を解析</translation>
    </message>
    <message>
        <source>After the run, quantize each site alone on 200 evaluation images</source>
        <translation>実行後、200 枚の評価画像で各箇所を単独で量子化します</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>手法</translation>
    </message>
    <message>
        <source>W / A bits</source>
        <translation>W / A ビット数</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>キャリブレーション</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>評価</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Method options</source>
        <translation>手法のオプション</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>既定値</translation>
    </message>
    <message>
        <source>Every option back to the method&apos;s default</source>
        <translation>すべてのオプションを手法の既定値に戻します</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Quantize, evaluate float and quantized on the same images (Ctrl+R)</source>
        <translation>量子化し、浮動小数点モデルと量子化モデルを同じ画像で評価します (Ctrl+R)</translation>
    </message>
    <message>
        <source>A data folder (one sub-folder per class, or IDX files)</source>
        <translation>データフォルダ（クラスごとに 1 つのサブフォルダ、または IDX ファイル）</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>手法</translation>
    </message>
    <message>
        <source>W/A bits</source>
        <translation>W/A ビット</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Δ vs FP</source>
        <translation>Δ (対 FP)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Select two runs to compare them.</source>
        <translation>比較する実行を 2 つ選んでください。</translation>
    </message>
    <message>
        <source>Setting / result</source>
        <translation>設定 / 結果</translation>
    </message>
    <message>
        <source>Run A</source>
        <translation>実行 A</translation>
    </message>
    <message>
        <source>Run B</source>
        <translation>実行 B</translation>
    </message>
    <message>
        <source>Select exactly two runs to compare them.</source>
        <translation>比較する実行をちょうど 2 つ選んでください。</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>実行 %1</translation>
    </message>
    <message>
        <source>Run %1 against run %2; differing values are bold.</source>
        <translation>実行 %1 と実行 %2 の比較。異なる値は太字で表示しています。</translation>
    </message>
</context>
<context>
    <name>ScreenshotTour</name>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: フォルダを作成できません</translation>
    </message>
    <message>
        <source>could not start the run</source>
        <translation>実行を開始できませんでした</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>キャンセルされました</translation>
    </message>
    <message>
        <source>could not start the next job</source>
        <translation>次のジョブを開始できませんでした</translation>
    </message>
    <message>
        <source>%1: could not write the screenshot</source>
        <translation>%1: スクリーンショットを書き込めませんでした</translation>
    </message>
</context>
<context>
    <name>SensitivityView</name>
    <message>
        <source>Run a quantization, then the sensitivity analysis.</source>
        <translation>量子化を実行してから、感度解析を行ってください。</translation>
    </message>
    <message>
        <source>show worst </source>
        <translation>影響の大きい順に </translation>
    </message>
    <message>
        <source> sites</source>
        <translation> 箇所を表示</translation>
    </message>
    <message>
        <source>top-1 drop (points)</source>
        <translation>top-1 の低下 (ポイント)</translation>
    </message>
    <message>
        <source>site SQNR (dB)</source>
        <translation>箇所の SQNR (dB)</translation>
    </message>
    <message>
        <source>SQNR of the site&apos;s tensor (dB)</source>
        <translation>箇所のテンソルの SQNR (dB)</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>量子化箇所</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Top-1 drop (pts)</source>
        <translation>Top-1 低下 (pt)</translation>
    </message>
    <message>
        <source>Logits SQNR (dB)</source>
        <translation>ロジットの SQNR (dB)</translation>
    </message>
    <message>
        <source>Site SQNR (dB)</source>
        <translation>箇所の SQNR (dB)</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>コサイン類似度</translation>
    </message>
    <message>
        <source>%1 sites on %2 images. Float top-1 %3 %, every site quantized %4 %. Each bar: that site quantized alone.</source>
        <translation>%2 枚の画像で %1 箇所を解析。浮動小数点の top-1 は %3 %、全箇所を量子化すると %4 %。各棒は、その箇所だけを量子化した場合です。</translation>
    </message>
</context>
<context>
    <name>StudioSession</name>
    <message>
        <source>A model is loading</source>
        <translation>モデルを読み込み中です</translation>
    </message>
    <message>
        <source>A job is running</source>
        <translation>ジョブの実行中です</translation>
    </message>
    <message>
        <source>Load a model first</source>
        <translation>先にモデルを読み込んでください</translation>
    </message>
    <message>
        <source>Run a quantization first</source>
        <translation>先に量子化を実行してください</translation>
    </message>
</context>
<context>
    <name>SweepController</name>
    <message>
        <source>Open S&amp;weep…</source>
        <translation>スイープを開く(&amp;W)…</translation>
    </message>
    <message>
        <source>Open a sweep folder (vitquant sweep run --out)</source>
        <translation>スイープフォルダを開く (vitquant sweep run --out)</translation>
    </message>
    <message>
        <source>R&amp;un Sweep…</source>
        <translation>スイープを実行(&amp;U)…</translation>
    </message>
    <message>
        <source>Run a sweep file</source>
        <translation>スイープファイルを実行</translation>
    </message>
    <message>
        <source>Sweep files (*.json)</source>
        <translation>スイープファイル (*.json)</translation>
    </message>
    <message>
        <source>open sweep %1</source>
        <translation>スイープ %1 を開く</translation>
    </message>
    <message>
        <source> seed %1</source>
        <translation> シード %1</translation>
    </message>
    <message>
        <source>Sweep %1 opened: %2 of %3 runs finished</source>
        <translation>スイープ %1 を開きました: %3 件中 %2 件の実行が完了</translation>
    </message>
    <message>
        <source>sweep %1</source>
        <translation>スイープ %1</translation>
    </message>
    <message>
        <source>%1 runs of the sweep failed; their logs are in %2/logs</source>
        <translation>スイープの %1 件の実行が失敗しました。ログは %2/logs にあります</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>No sweep open. File → Open Sweep… shows one; `vitquant sweep run` makes one.</source>
        <translation>スイープが開かれていません。「ファイル → スイープを開く…」で表示し、`vitquant sweep run` で作成します。</translation>
    </message>
    <message>
        <source>The model whose results the chart shows</source>
        <translation>グラフに結果を表示するモデル</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>bits (weights/activations)</source>
        <translation>ビット数 (重み/活性化)</translation>
    </message>
    <message>
        <source>top-1 (mean ± std over seeds)</source>
        <translation>top-1 (シード間の平均 ± 標準偏差)</translation>
    </message>
    <message>
        <source>%1: %2 of %3 runs finished. Each point is the mean top-1 over the seeds that have finished; its bar is ± one sample standard deviation (none for a single seed).</source>
        <translation>%1: %3 件中 %2 件の実行が完了。各点は完了したシードの top-1 の平均で、バーは ± 標本標準偏差 1 つ分です（シードが 1 つの場合はなし）。</translation>
    </message>
    <message>
        <source>float</source>
        <translation>浮動小数点</translation>
    </message>
</context>
<context>
    <name>Translations</name>
    <message>
        <source>System default</source>
        <translation>システムの既定</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ViTQuant Studio: quantize Vision Transformers</source>
        <translation>ViTQuant Studio: Vision Transformer の量子化</translation>
    </message>
    <message>
        <source>Model to open (builtin:&lt;name&gt;, arch:&lt;name&gt; or a folder).</source>
        <translation>開くモデル（builtin:&lt;name&gt;、arch:&lt;name&gt;、またはフォルダ）。</translation>
    </message>
    <message>
        <source>Run a small calibration on the built-in DeiT, write a PNG of each view into DIR, exit.</source>
        <translation>組み込みの DeiT で小規模なキャリブレーションを実行し、各ビューの PNG を DIR に書き出して終了します。</translation>
    </message>
</context>
</TS>
